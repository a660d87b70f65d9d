// Converts what the engine knows about a checkpoint into the plain ModelSummary the GUI shows.
//
// Engine types in, Qt values out: called by ModelWorker on its own thread after open_model, so the
// GUI never touches engine objects. Also detects the chat family (with the architecture as the
// fallback when the tokenizer carries no template) and estimates memory per device.
#pragma once

#include "WorkerTypes.h"

#include <dsw/chat_template.h>
#include <dsw/model_files.h>
#include <dsw/tokenizer.h>

// Facts from the files (config, tensors, dtypes, sizes, untrained marker).
ModelSummary summarizeModelFiles(const dsw::ModelFiles& files);

// The chat format to use: the tokenizer's template when it names one, else the architecture's.
dsw::ChatFamily chooseChatFamily(const dsw::Tokenizer* tokenizer, const dsw::ModelConfig& config);

// Fills memory needs per device: weights plus the KV cache of `contextTokens` positions, against
// the free memory of each CUDA device when the build has CUDA and a device is present.
void estimateMemory(ModelSummary& summary, quint64 weightBytes, quint64 kvBytesPerToken, qint64 contextTokens);
