// Where the bundled demo model is: the untrained, random-weight DeepSeek-V3-architecture model
// (MoE + MLA) that `dsw-cli make-model` writes at build time and CPack installs.
//
// Looked up, first match wins: $DSW_DEMO_MODEL; <prefix>/share/deepseek-workbench/demo-model
// beside an installed binary; the build tree's demo-model folder (compiled in). A folder counts
// only when it holds a config.json. Threading: any.
#pragma once

#include <QString>

// The demo model folder, or an empty string when none is present.
QString findDemoModel(const QString& applicationDir);
