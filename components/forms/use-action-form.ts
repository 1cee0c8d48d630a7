'use client';
// One hook for every form: react-hook-form validates with the form's zod schema in the browser, then the same
// data goes to the server action, which validates again with the same schema. Without JavaScript the form
// still posts to the action and the server's field errors are shown.
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { startTransition, useActionState, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useForm, type DefaultValues, type FieldValues, type Path } from 'react-hook-form';
import type { z } from 'zod';
import { initialFormState, readErrorMessage, type FormState } from '@/lib/form-state';

type Options<TInput extends FieldValues, TOutput extends FieldValues> = {
  schema: z.ZodType<TOutput, TInput>;
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  defaultValues: DefaultValues<TInput>;
};

export function useActionForm<TInput extends FieldValues, TOutput extends FieldValues>({
  schema,
  action,
  defaultValues,
}: Options<TInput, TOutput>) {
  const t = useTranslations('errors');
  const [answer, formAction, pending] = useActionState(action, initialFormState);
  const initialValues = { ...defaultValues, ...answer.values } as DefaultValues<TInput>;
  const form = useForm<TInput, unknown, TOutput>({ resolver: zodResolver(schema), defaultValues: initialValues, mode: 'onTouched' });
  const formRef = useRef<HTMLFormElement>(null);

  // The server's last answer is shown until the person changes a field or submits again: a banner about the
  // previous attempt must not sit above the errors of this one. Each answer is a new object, so the next one shows.
  const [dismissed, setDismissed] = useState<FormState>();
  const state = useMemo<FormState>(() => (dismissed === answer ? { status: 'idle', values: answer.values } : answer), [dismissed, answer]);
  useEffect(() => {
    // The browser's input events are the person's edits only, not the form's own setValue (a gateway's only
    // currency preselected); selects and checkboxes fire them too.
    const element = formRef.current;
    if (!element) return;
    const dismiss = () => setDismissed(answer);
    element.addEventListener('input', dismiss);
    return () => element.removeEventListener('input', dismiss);
  }, [answer]);

  // Server-side field errors (e.g. "email already taken") join the client's, and focus goes to the first.
  useEffect(() => {
    let first = true;
    for (const [name, messages] of Object.entries(answer.fieldErrors ?? {})) {
      const message = messages?.[0];
      if (!message) continue;
      form.setError(name as Path<TInput>, { type: 'server', message }, { shouldFocus: first });
      first = false;
    }
  }, [answer, form]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget;
    setDismissed(answer);
    void form.handleSubmit(() => {
      startTransition(() => formAction(new FormData(element)));
    })(event);
  };

  /** The translated error for a field: the browser's check, or the server's when the page was not hydrated. */
  const fieldError = (name: Path<TInput>): string | undefined => {
    const clientError = form.getFieldState(name, form.formState).error?.message;
    const message = clientError ?? (form.formState.submitCount === 0 ? answer.fieldErrors?.[name]?.[0] : undefined);
    if (!message) return undefined;
    // A limit travels with its key ("priceNameTooLong?max=120", lib/form-state.ts errorMessage).
    const { key, values } = readErrorMessage(message);
    return t(key, values);
  };

  /**
   * react-hook-form's register() plus the field's initial value as the input's defaultValue: react-hook-form fills
   * inputs from the browser, so without JavaScript the server-rendered form would come back empty after an error.
   */
  const register = (name: Path<TInput>) => {
    const value: unknown = (initialValues as Record<string, unknown>)[name];
    return { ...form.register(name), defaultValue: value === undefined || value === null ? undefined : String(value) };
  };

  return { form, register, state, pending, formRef, formAction, onSubmit, fieldError };
}
