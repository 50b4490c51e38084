export function Dashboard() {
  return <h1>Tổng quan</h1>;
}
