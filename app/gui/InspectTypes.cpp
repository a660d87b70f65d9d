// Meta-type registration for the Inspect area's values (see InspectTypes.h).
#include "InspectTypes.h"

void registerInspectTypes() {
  qRegisterMetaType<InspectRequest>();
  qRegisterMetaType<AttentionResult>();
  qRegisterMetaType<RoutingResult>();
  qRegisterMetaType<AttentionCompareResult>();
  qRegisterMetaType<RoutingCompareResult>();
  qRegisterMetaType<RoutingRunRow>();
  qRegisterMetaType<QVector<RoutingRunRow>>();
}
