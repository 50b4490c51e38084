import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useSyncExternalStore, type MouseEvent, type ReactNode } from "react";
import { navigate, useLocation } from "./router";
import { session } from "./session";
import { SignIn } from "./screens/sign-in";
import { Dashboard } from "./screens/dashboard";
import { GroupsAndPeople } from "./screens/groups";
import { Invitations } from "./screens/invitations";
import { Cycles } from "./screens/cycles";
import { Summaries } from "./screens/summaries";
import { FormEditor } from "./screens/form-editor";
import { ScheduleScreen } from "./screens/schedule";
import { Meetings } from "./screens/meetings";
import { Deliveries } from "./screens/deliveries";
import { ChatTrial } from "./screens/chat-trial";

/** The screens, in the order of the navigation; each path is Vietnamese without diacritics. */
const SCREENS: { path: string; label: string; render: () => ReactNode }[] = [
  { path: "/", label: "Tổng quan", render: () => <Dashboard /> },
  { path: "/to-dan-pho", label: "Tổ dân phố và người phụ trách", render: () => <GroupsAndPeople /> },
  { path: "/giay-moi", label: "Giấy mời kết nối", render: () => <Invitations /> },
  { path: "/mau-bao-cao", label: "Mẫu báo cáo", render: () => <FormEditor /> },
  { path: "/lich", label: "Lịch", render: () => <ScheduleScreen /> },
  { path: "/hoi-nghi", label: "Hội nghị", render: () => <Meetings /> },
  { path: "/ky-bao-cao", label: "Kỳ báo cáo", render: () => <Cycles /> },
  { path: "/tong-hop", label: "Tổng hợp", render: () => <Summaries /> },
  { path: "/gui-tin", label: "Gửi tin và kết nối", render: () => <Deliveries /> },
  { path: "/thu-tro-chuyen", label: "Thử trò chuyện", render: () => <ChatTrial /> },
];

export function App() {
  const auth = useSyncExternalStore(session.subscribe, session.state);
  const queries = useQueryClient();
  const signedIn = auth.kind === "owner" || auth.kind === "staff";
  useEffect(() => {
    // Nothing read by one sign-in is shown after signing out.
    if (!signedIn) queries.clear();
  }, [signedIn, queries]);
  if (auth.kind === "checking") return <main className="sign-in" aria-busy="true" />;
  return signedIn ? <Shell /> : <SignIn />;
}

export function Link(props: { to: string; children: ReactNode; className?: string; current?: boolean }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(props.to);
  };
  return (
    <a href={props.to} onClick={onClick} className={props.className} aria-current={props.current ? "page" : undefined}>
      {props.children}
    </a>
  );
}

function Shell() {
  const { path } = useLocation();
  const screen = SCREENS.find((s) => s.path === path);
  const main = useRef<HTMLElement>(null);
  useEffect(() => {
    // A screen reader hears the new screen's title; keyboard focus starts at its top.
    document.title = `${screen?.label ?? "Không tìm thấy trang"} — Wardbot`;
    main.current?.focus();
  }, [screen]);
  return (
    <>
      <a className="skip" href="#noi-dung">
        Bỏ qua thanh điều hướng
      </a>
      <header className="top no-print">
        <div className="brand">Wardbot · Bảng điều khiển phường</div>
        <nav aria-label="Chức năng chính">
          <ul>
            {SCREENS.map((s) => (
              <li key={s.path}>
                <Link to={s.path} current={s === screen}>
                  {s.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" className="secondary" onClick={() => session.signOut({ server: true })}>
          Đăng xuất
        </button>
      </header>
      <main id="noi-dung" ref={main} tabIndex={-1}>
        {screen ? (
          screen.render()
        ) : (
          <section>
            <h1>Không tìm thấy trang</h1>
            <p>
              Địa chỉ này không có trong bảng điều khiển. <Link to="/">Về trang Tổng quan</Link>
            </p>
          </section>
        )}
      </main>
    </>
  );
}
