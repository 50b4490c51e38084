export function GroupsAndPeople() {
  return <h1>Tổ dân phố và người phụ trách</h1>;
}
