// BenchTypes (see header).
#include "BenchTypes.h"

void registerBenchTypes() {
  qRegisterMetaType<BenchRequest>();
  qRegisterMetaType<BenchRows>();
}
