// Converts what the engine knows about a checkpoint into the plain ModelSummary the GUI shows.
//
// Engine types in, Qt values out: called by ModelWorker on its own thread after open_model, so the
// GUI never touches engine objects. Also estimates memory per device.
#pragma once

#include "WorkerTypes.h"

#include <dsw/model_files.h>

// Facts from the files (config, tensors, dtypes, sizes, untrained marker).
ModelSummary summarizeModelFiles(const dsw::ModelFiles& files);

// Fills memory needs per device: weights plus the KV cache of `contextTokens` positions, against
// the free memory of each CUDA device when the build has CUDA and a device is present.
void estimateMemory(ModelSummary& summary, quint64 weightBytes, quint64 kvBytesPerToken, qint64 contextTokens);
