import { useEffect, useId, useState, type ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import type { components } from "./api/schema";
import { api, errorText, unwrap } from "./api/client";

export type Schemas = components["schemas"];

/** The props that tie a control to its label, hint and error. */
export interface ControlProps {
  id: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
}

/** A labelled control with its hint and its error next to it (announced when it appears). */
export function Field(props: { label: string; hint?: string; error?: string | null; children: (control: ControlProps) => ReactNode }) {
  const id = useId();
  const described = [props.hint ? `${id}-hint` : "", props.error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.children({ id, ...(props.error ? { "aria-invalid": true } : {}), ...(described ? { "aria-describedby": described } : {}) })}
      {props.hint && (
        <p id={`${id}-hint`} className="hint">
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}

/** Loading and error states of a query, worded for an officer. */
export function QueryState(props: { query: { isPending: boolean; isError: boolean; error: unknown }; what: string }) {
  if (props.query.isPending) return <p className="muted">Đang tải {props.what}…</p>;
  if (props.query.isError)
    return (
      <p className="error" role="alert">
        Không tải được {props.what}. {errorText(props.query.error)}
      </p>
    );
  return null;
}

/** The clock, ticking every `ms`, for countdowns. */
export function useNow(ms = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

export function useWards() {
  return useQuery({ queryKey: ["wards"], queryFn: () => unwrap(api.GET("/api/v1/wards")) });
}

/** The ward the screen is about: chosen in a list when there are several, remembered for the tab. */
export function WardPicker(props: { wards: Schemas["Ward"][]; value: string; onChange: (id: string) => void }) {
  if (props.wards.length < 2) return null;
  return (
    <Field label="Phường/xã">
      {(control) => (
        <select {...control} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
          {props.wards.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

const WARD_KEY = "wardbot.ward";
export function useChosenWard(wards: Schemas["Ward"][] | undefined): [Schemas["Ward"] | undefined, (id: string) => void] {
  const [chosen, setChosen] = useState(() => sessionStorage.getItem(WARD_KEY) ?? "");
  const ward = wards?.find((w) => w.id === chosen) ?? wards?.[0];
  return [
    ward,
    (id) => {
      sessionStorage.setItem(WARD_KEY, id);
      setChosen(id);
    },
  ];
}

/**
 * A table that may scroll sideways on a phone: the scrolling box is reachable by keyboard
 * (Tab, then the arrow keys) and named for a screen reader, as WCAG asks of scrollable regions.
 */
export function TableWrap(props: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={props.label} tabIndex={0}>
      {props.children}
    </div>
  );
}
