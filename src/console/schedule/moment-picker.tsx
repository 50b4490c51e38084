import { useState } from "react";
import { Field } from "../ui";
import { WEEKDAYS, WEEK_ORDER, readTime, type WeeklyMoment } from "./human";

/** A day of the week and a 24-hour time, labelled "<what> — ngày" and "<what> — giờ". */
export function MomentPicker(props: { label: string; value: WeeklyMoment; onChange: (m: WeeklyMoment) => void }) {
  // What is typed stays as typed ("17h"); the schedule gets "17:00", or "" while it cannot be read.
  const [text, setText] = useState(props.value.time);
  const bad = text.trim() !== "" && readTime(text) === null;
  return (
    <div className="form-grid moment">
      <Field label={`${props.label} — ngày`}>
        {(c) => (
          <select {...c} value={props.value.day} onChange={(e) => props.onChange({ ...props.value, day: Number(e.target.value) })}>
            {WEEK_ORDER.map((d) => (
              <option key={d} value={d}>
                {WEEKDAYS[d]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={`${props.label} — giờ`} hint="24 giờ, ví dụ 17:00 hoặc 17h30" error={bad || !text.trim() ? "Giờ chưa đúng: xin nhập theo 24 giờ, ví dụ 17:00." : null}>
        {(c) => (
          <input
            {...c}
            inputMode="numeric"
            autoComplete="off"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              props.onChange({ ...props.value, time: readTime(e.target.value) ?? "" });
            }}
            onBlur={() => {
              const time = readTime(text);
              if (time) setText(time);
            }}
          />
        )}
      </Field>
    </div>
  );
}
