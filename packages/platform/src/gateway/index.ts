export {
  createGatewayConnector,
  type GatewayConnection,
  type GatewayConnector,
  type GatewayConnectorOptions,
  type GatewayStatus,
  type SyncReport as GatewaySyncReport,
  type UploadReport,
} from './connector.ts'
export { type GatewayDsc, type GatewaySyncState, gatewaySyncState, listGatewayDscs } from './repository.ts'
export { gatewayAdminRoutes } from './routes.ts'
export { type RejectionReason, selectTrustedDscs, type TrustSelection } from './trusted-dscs.ts'
