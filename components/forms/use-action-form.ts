'use client';
// One hook for every form: react-hook-form validates with the form's zod schema in the browser, then the same
// data goes to the server action, which validates again with the same schema. Without JavaScript the form
// still posts to the action and the server's field errors are shown.
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { startTransition, useActionState, useEffect, useRef, type FormEvent } from 'react';
import { useForm, type DefaultValues, type FieldValues, type Path } from 'react-hook-form';
import type { z } from 'zod';
import { initialFormState, type FormState } from '@/lib/form-state';

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
  const [state, formAction, pending] = useActionState(action, initialFormState);
  const initialValues = { ...defaultValues, ...state.values } as DefaultValues<TInput>;
  const form = useForm<TInput, unknown, TOutput>({ resolver: zodResolver(schema), defaultValues: initialValues, mode: 'onTouched' });
  const formRef = useRef<HTMLFormElement>(null);

  // Server-side field errors (e.g. "email already taken") join the client's, and focus goes to the first.
  useEffect(() => {
    let first = true;
    for (const [name, messages] of Object.entries(state.fieldErrors ?? {})) {
      const message = messages?.[0];
      if (!message) continue;
      form.setError(name as Path<TInput>, { type: 'server', message }, { shouldFocus: first });
      first = false;
    }
  }, [state, form]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget;
    void form.handleSubmit(() => {
      startTransition(() => formAction(new FormData(element)));
    })(event);
  };

  /** The translated error for a field: the browser's check, or the server's when the page was not hydrated. */
  const fieldError = (name: Path<TInput>): string | undefined => {
    const clientError = form.getFieldState(name, form.formState).error?.message;
    const key = clientError ?? (form.formState.submitCount === 0 ? state.fieldErrors?.[name]?.[0] : undefined);
    return key ? t(key) : undefined;
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
