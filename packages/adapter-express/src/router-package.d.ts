// Express 5's own router (`express.Router` is this package), typed as Express types it.
declare module "router" {
  import type { Router, RouterOptions } from "express";

  function createRouter(options?: RouterOptions): Router;
  export default createRouter;
}
