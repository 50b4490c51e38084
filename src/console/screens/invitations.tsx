export function Invitations() {
  return <h1>Giấy mời kết nối</h1>;
}
