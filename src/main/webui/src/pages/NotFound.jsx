import { Link } from '../router.js';

export function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>This page does not exist. <Link href="/">Back to the overview</Link></p>
    </>
  );
}
