// dsw-cli logits: the logits of one token sequence, with a PEFT adapter attached or not, through the
// inference path (Model + attach_adapters + Session), written as safetensors (tensor "logits" [T, V],
// "input_ids" [T]) — for comparing with other tools.
#include "args.h"
#include "commands.h"
#include "common.h"

#include <dsw/adapter.h>
#include <dsw/safetensors_writer.h>
#include <dsw/session.h>
#include <dsw/train.h>

#include <cstdio>
#include <sstream>

namespace dsw::cli {

int cmd_logits(const Argv& argv) {
  Args args(argv, {}, {"ids", "adapter", "out", "threads"});
  if (args.positional().size() != 1) throw std::invalid_argument("expected one MODEL");
  auto ids_text = args.get("ids");
  auto out = args.get("out");
  if (!ids_text || !out) throw std::invalid_argument("--ids \"1 2 3\" and --out FILE.safetensors are required");
  std::vector<int32_t> ids;
  std::stringstream ss(*ids_text);
  for (long long v; ss >> v;) ids.push_back(int32_t(v));
  if (ids.empty()) throw std::invalid_argument("--ids: no token ids");
  auto files = open_model(args.positional()[0]);
  if (!files.is_ok()) return report(files.status());
  std::optional<LoadedAdapter> adapter;
  if (auto dir = args.get("adapter")) {
    auto a = load_peft_adapter(*files, *dir);
    if (!a.is_ok()) return report(a.status());
    adapter = std::move(a).value();
    std::printf("adapter         %s\n", adapter->audit.summary().c_str());
  }
  LoadOptions lo;
  lo.device.n_threads = int(args.get_int("threads", 0, 0, 4096));
  auto model = Model::load(std::move(files).value(), lo);
  if (!model.is_ok()) return report(model.status());
  std::shared_ptr<const Model> m = *model;
  if (adapter) {
    auto with = attach_adapters(m, {make_adapter_set(*adapter, std::filesystem::path(*args.get("adapter")).filename().string())});
    if (!with.is_ok()) return report(with.status());
    m = *with;
  }
  auto session = Session::create(m, {.n_ctx = int64_t(ids.size()) + 1, .n_seq = 1});
  if (!session.is_ok()) return report(session.status());
  std::vector<float> z;
  if (auto st = (*session)->forward(Batch::sequence(ids, 0, 0, true), z); !st.is_ok()) return report(st);
  const int64_t T = int64_t(ids.size()), V = int64_t(z.size()) / T;
  auto st = write_safetensors(*out, {{"input_ids", DType::i32, Shape{T}, {}, ids.data()}, {"logits", DType::f32, Shape{T, V}, {}, z.data()}});
  if (!st.is_ok()) return report(st);
  std::printf("wrote           %s (%lld x %lld)\n", out->c_str(), (long long)T, (long long)V);
  return 0;
}

}  // namespace dsw::cli
