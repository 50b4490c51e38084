import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app";
import { ApiError } from "./api/client";
import "./styles.css";

const queries = new QueryClient({
  defaultOptions: {
    queries: {
      // A ward office leaves the console open: data is refreshed when the tab comes back.
      staleTime: 10_000,
      refetchOnWindowFocus: true,
      // Retrying a wrong token or a missing record only delays the message.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
