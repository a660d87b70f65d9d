// The SQL of the routing-run tables (created by the store's migration 4 -> 5, adapters column by
// 5 -> 6, store_sql.h).
#pragma once

namespace dsw::sql {

inline constexpr const char* kInsertRoutingRun =
    "INSERT INTO routing_runs(created_at, label, model_path, architecture, source, field, documents, tokens, shape_json, duration_s, "
    "adapters) VALUES(?,?,?,?,?,?,?,?,?,?,?)";
inline constexpr const char* kInsertRoutingLayer =
    "INSERT INTO routing_layers(run_id, layer, tokens, entropy_sum, coactivation, routes) VALUES(?,?,?,?,?,?)";
inline constexpr const char* kInsertRoutingLoad =
    "INSERT INTO routing_load(run_id, layer, expert, tokens, weight_mass) VALUES(?,?,?,?,?)";
inline constexpr const char* kInsertRoutingTokens = "INSERT INTO routing_tokens(run_id, ids) VALUES(?,?)";
inline constexpr const char* kListRoutingRuns =
    "SELECT r.id, r.created_at, r.label, r.model_path, r.architecture, r.source, r.field, r.documents, r.tokens, r.shape_json, "
    "r.duration_s, EXISTS(SELECT 1 FROM routing_tokens t WHERE t.run_id = r.id), r.adapters FROM routing_runs r";
inline constexpr const char* kRoutingLayers =
    "SELECT layer, tokens, entropy_sum, coactivation, routes FROM routing_layers WHERE run_id = ? ORDER BY layer";
inline constexpr const char* kRoutingLoad = "SELECT layer, expert, tokens, weight_mass FROM routing_load WHERE run_id = ?";
inline constexpr const char* kRoutingTokens = "SELECT ids FROM routing_tokens WHERE run_id = ?";
inline constexpr const char* kDeleteRoutingRun = "DELETE FROM routing_runs WHERE id = ?";

}  // namespace dsw::sql
