/** The profile picture, or the merchant's initials when there is none. Decorative: the button around it is named. */
export function Avatar({ name, image }: { name: string; image: string | null }) {
  if (image) {
    // eslint-disable-next-line @next/next/no-img-element -- any URL the merchant chose; no optimisation needed at 32px
    return <img src={image} alt="" className="h-8 w-8 rounded-full object-cover" />;
  }
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('');
  return (
    <span aria-hidden="true" className="flex h-8 w-8 items-center justify-center rounded-full bg-indigo-700 text-sm font-semibold text-white">
      {initials || '?'}
    </span>
  );
}
