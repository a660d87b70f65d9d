// Engine-internal access to a Session's seam: the Linear tap (calibration, activation statistics)
// and the compute backend it runs on. Public callers use dsw/session.h only.
#pragma once

#include <dsw/session.h>

namespace dsw {

class ComputeBackend;
class LinearTap;

// Installs a tap that sees every Linear's input rows in following forwards (nullptr removes it).
void set_linear_tap(Session& session, LinearTap* tap);
ComputeBackend& session_backend(Session& session);

}  // namespace dsw
