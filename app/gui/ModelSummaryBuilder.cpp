// ModelSummaryBuilder (see header). Runs on a ModelWorker thread.
#include "ModelSummaryBuilder.h"

#include <dsw/devices.h>
#include <dsw/model_config.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <map>

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }
QString q(std::string_view s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }

QString topkName(dsw::TopkMethod m) {
  switch (m) {
    case dsw::TopkMethod::greedy: return QStringLiteral("greedy");
    case dsw::TopkMethod::group_limited_greedy: return QStringLiteral("group_limited_greedy");
    case dsw::TopkMethod::noaux_tc: return QStringLiteral("noaux_tc");
  }
  return QStringLiteral("?");
}

// make-model writes a README starting with "UNTRAINED" beside its random weights.
bool looksUntrained(const QString& folder) {
  const QString path = QDir(folder).filePath(QStringLiteral("README.txt"));
  // Regular files only: open() of a FIFO named README.txt would wait for a writer forever.
  if (!QFileInfo(path).isFile()) return false;
  QFile readme(path);
  if (!readme.open(QIODevice::ReadOnly)) return false;
  return readme.read(64).startsWith("UNTRAINED");
}

}  // namespace

ModelSummary summarizeModelFiles(const dsw::ModelFiles& m) {
  const dsw::ModelConfig& c = m.config;
  const dsw::ParameterCount p = dsw::count_parameters(c);
  ModelSummary s;
  s.path = q(m.path.string());
  s.folder = q(m.folder.string());
  const QFileInfo info(s.path);
  s.name = info.isDir() ? QDir(s.path).dirName() : info.fileName();
  s.format = q(dsw::model_format_name(m.format));
  s.architecture = q(c.model_type);
  s.paramsTotal = p.total;
  s.paramsActive = p.active;
  s.paramsEmbedding = p.embedding;
  s.layers = c.num_hidden_layers;
  s.hidden = c.hidden_size;
  s.intermediate = c.intermediate_size;
  s.heads = c.num_attention_heads;
  s.kvHeads = c.num_key_value_heads;
  s.headDim = c.is_mla() ? c.q_head_dim() : c.head_dim;
  s.vocab = c.vocab_size;
  s.context = c.max_position_embeddings;
  s.ropeTheta = c.rope_theta;
  s.ropeScaling = q(dsw::rope_scaling_name(c.rope_scaling.type));
  s.ropeFactor = c.rope_scaling.factor;
  s.moe = c.is_moe();
  if (s.moe) {
    s.routedExperts = c.n_routed_experts;
    s.sharedExperts = c.n_shared_experts;
    s.expertsPerToken = c.num_experts_per_tok;
    s.expertWidth = c.moe_intermediate_size;
    s.denseFirst = c.first_k_dense_replace;
    s.groups = c.n_group;
    s.topkGroups = c.topk_group;
    s.scoring = c.scoring_func == dsw::ScoringFunc::softmax ? QStringLiteral("softmax") : QStringLiteral("sigmoid");
    s.topkMethod = topkName(c.topk_method);
    s.routedScale = c.routed_scaling_factor;
    s.normTopk = c.norm_topk_prob;
  }
  s.mla = c.is_mla();
  if (s.mla) {
    s.qLoraRank = c.q_lora_rank;
    s.kvLoraRank = c.kv_lora_rank;
    s.qkNopeDim = c.qk_nope_head_dim;
    s.qkRopeDim = c.qk_rope_head_dim;
    s.vHeadDim = c.v_head_dim;
  }
  std::map<std::string, DtypeUsage> byDtype;
  s.tensors.reserve(qsizetype(m.tensors.size()));
  for (const auto& e : m.tensors.entries()) {
    auto& d = byDtype[e.dtype_name];
    d.dtype = q(e.dtype_name);
    d.tensors += 1;
    d.bytes += e.nbytes;
    s.tensors.append(TensorRow{q(e.name), q(e.shape.to_string()), q(e.dtype_name), e.nbytes, q(e.file)});
  }
  for (auto& [name, d] : byDtype) s.dtypes.append(d);
  for (const auto& f : m.weight_files) {
    s.files.append(q(f.path.string()));
    s.fileBytes += f.size;
  }
  if (m.tokenizer_path) s.tokenizer = q(m.tokenizer_path->string());
  s.untrained = looksUntrained(s.folder);
  return s;
}

void estimateMemory(ModelSummary& s, quint64 weightBytes, quint64 kvBytesPerToken, qint64 contextTokens) {
  const quint64 kv = kvBytesPerToken * quint64(std::max<qint64>(0, contextTokens));
  // Activations and scratch are small next to weights and cache for one sequence: 5% headroom.
  const quint64 needed = weightBytes + kv + (weightBytes + kv) / 20;
  s.memory.clear();
  const dsw::MemoryInfo host = dsw::host_memory_info();
  s.memory.append({QStringLiteral("cpu"), needed, host.free_bytes, host.total_bytes});
  if (!dsw::cuda_compiled()) return;
  auto devices = dsw::list_cuda_devices();
  if (!devices.is_ok()) return;
  for (const auto& d : *devices)
    s.memory.append({QStringLiteral("cuda:%1 (%2)").arg(d.index).arg(q(d.name)), needed, d.free_bytes, d.total_bytes});
}
