import type { ReactNode } from 'react';

// `modal` is a parallel route: Connect and Manage open over the list as popups (intercepted routes), while
// their URLs still render as full pages on reload, deep link, or without JavaScript.
export default function PaymentGatewaysLayout({ children, modal }: { children: ReactNode; modal: ReactNode }) {
  return (
    <>
      {children}
      {modal}
    </>
  );
}
