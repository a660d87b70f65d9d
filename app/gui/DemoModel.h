// Where the bundled demo model is: the small trained DeepSeek-V3-architecture model (MoE + MLA)
// committed in resources/demo-model, which the build copies beside the binaries and CPack installs.
//
// Looked up, first match wins: $DSW_DEMO_MODEL; <prefix>/share/deepseek-workbench/demo-model
// beside an installed binary; the build tree's demo-model folder (compiled in). A folder counts
// only when it holds a config.json. Threading: any.
#pragma once

#include <QString>

// The demo model folder, or an empty string when none is present.
QString findDemoModel(const QString& applicationDir);
