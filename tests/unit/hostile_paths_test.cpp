// Paths that are not regular files — a FIFO (open() would wait forever for a writer), a character
// device (/dev/zero never ends), a socket, a folder — given to every loader, directly or as a
// file inside a model folder. Each load runs in a child process under a 10-second alarm, so a
// loader that blocks fails the test instead of hanging it; each must fail with an io error that
// names the path and says what it is.
#include "check.h"

#include <dsw/gguf.h>
#include <dsw/llama2c.h>
#include <dsw/loadtest.h>
#include <dsw/model_config.h>
#include <dsw/model_files.h>
#include <dsw/safetensors.h>
#include <dsw/store.h>
#include <dsw/text_input.h>
#include <dsw/tokenizer.h>
#include <dsw/train.h>

#include "core/error.h"
#include "quant/calibration.h"
#include "train/data.h"

#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <functional>

using namespace dsw;
using namespace dsw::test;
namespace fs = std::filesystem;

namespace {

// Runs `load` in a child under alarm(10); returns its Status as "code|message", or a description
// of how the child died.
std::string in_child(const std::function<Status()>& load) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
    alarm(10);
    Status s = load();
    std::string out = std::string(status_code_name(s.code())) + "|" + s.message();
    ssize_t n = write(fds[1], out.data(), out.size());
    (void)n;
    _exit(0);
  }
  close(fds[1]);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, size_t(n));
  close(fds[0]);
  int st = 0;
  waitpid(pid, &st, 0);
  if (WIFSIGNALED(st)) return "child killed by signal " + std::to_string(WTERMSIG(st)) + (WTERMSIG(st) == SIGALRM ? " (it blocked)" : "");
  return out;
}

void expect_refused(const std::string& what, const std::function<Status()>& load, const fs::path& path, std::string_view kind) {
  std::string got = in_child(load);
  bool ok = got.rfind("io|", 0) == 0 && got.find(path.string()) != std::string::npos && got.find(kind) != std::string::npos;
  if (!ok) std::printf("    %s: %s\n", what.c_str(), got.c_str());
  CHECK(ok);
}

fs::path make_fifo(const fs::path& p) {
  REQUIRE(mkfifo(p.c_str(), 0600) == 0);
  return p;
}

fs::path make_socket(const fs::path& p) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  REQUIRE(s >= 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  REQUIRE(p.string().size() < sizeof addr.sun_path);
  std::strcpy(addr.sun_path, p.c_str());
  REQUIRE(bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  return p;  // the descriptor stays open for the test's life; the file is what matters
}

// Every loader a path can reach, by the file name it is given.
std::vector<std::pair<std::string, std::function<Status(const fs::path&)>>> loaders_for(const std::string& name) {
  std::vector<std::pair<std::string, std::function<Status(const fs::path&)>>> out;
  out.push_back({"open_model", [](const fs::path& p) { return open_model(p).status(); }});
  out.push_back({"load_tokenizer", [](const fs::path& p) { return load_tokenizer(p).status(); }});
  if (name.ends_with(".gguf")) out.push_back({"GgufFile::open", [](const fs::path& p) { return GgufFile::open(p).status(); }});
  if (name.ends_with(".bin")) out.push_back({"open_llama2c", [](const fs::path& p) { return open_llama2c(p).status(); }});
  if (name.ends_with(".json")) out.push_back({"load_model_config", [](const fs::path& p) { return load_model_config(p).status(); }});
  if (name.ends_with(".safetensors")) out.push_back({"load_safetensors", [](const fs::path& p) {
                                                       TensorStore s;
                                                       return load_safetensors(p, s);
                                                     }});
  if (name.ends_with(".index.json")) out.push_back({"load_sharded_safetensors", [](const fs::path& p) {
                                                      TensorStore s;
                                                      return load_sharded_safetensors(p, s);
                                                    }});
  if (name.ends_with(".db")) {
    out = {};
    out.push_back({"Store::open", [](const fs::path& p) { return Store::open(p).status(); }});
    out.push_back({"Store::open read-only", [](const fs::path& p) { return Store::open(p, {.read_only = true}).status(); }});
  }
  return out;
}

const char* const kNames[] = {"model.gguf", "model.bin", "model.safetensors", "config.json", "tokenizer.json",
                              "tokenizer.model", "model.safetensors.index.json", "workbench.db"};

}  // namespace

DSW_TEST(fifos_are_refused_without_blocking) {
  for (const char* name : kNames) {
    fs::path p = make_fifo(temp_dir() / name);
    for (auto& [what, load] : loaders_for(name)) expect_refused(what + " " + name, [&] { return load(p); }, p, "FIFO");
  }
}

DSW_TEST(devices_sockets_and_folders_are_refused) {
  for (const char* name : kNames) {
    fs::path dir = temp_dir();
    fs::path dev = dir / name;
    fs::create_symlink("/dev/zero", dev);  // a character device that never ends
    for (auto& [what, load] : loaders_for(name)) expect_refused(what + " -> /dev/zero", [&] { return load(dev); }, dev, "character device");
    fs::path sock = make_socket(temp_dir() / name);
    for (auto& [what, load] : loaders_for(name)) expect_refused(what + " socket", [&] { return load(sock); }, sock, "socket");
  }
  fs::path folder = temp_dir() / "model.safetensors";
  fs::create_directory(folder);
  std::string got = in_child([&] {
    TensorStore s;
    return load_safetensors(folder, s);
  });
  CHECK(got.rfind("io|", 0) == 0 && got.find("folder") != std::string::npos);
}

DSW_TEST(fifos_inside_a_model_folder_are_refused) {
  // A folder whose config.json, tokenizer.json or generation_config.json is a FIFO: refused naming
  // that file, not taken for "missing" and not waited on.
  for (const char* inner : {"config.json", "tokenizer.json", "generation_config.json", "tokenizer_config.json"}) {
    fs::path dir = temp_dir();
    if (std::string(inner) != "config.json")
      std::ofstream(dir / "config.json") << R"({"model_type": "llama", "hidden_size": 8, "intermediate_size": 16,
        "num_hidden_layers": 1, "num_attention_heads": 2, "vocab_size": 4})";
    if (std::string(inner) != "tokenizer.json") std::ofstream(dir / "tokenizer.json") << R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}})";
    fs::path fifo = make_fifo(dir / inner);
    // tokenizer_config.json belongs to the tokenizer; config.json and generation_config.json to the model.
    const bool tokenizer_side = std::string(inner) == "tokenizer.json" || std::string(inner) == "tokenizer_config.json";
    auto load = [&]() -> Status {
      return tokenizer_side ? load_tokenizer(dir).status() : open_model(dir, {.config_only = true}).status();
    };
    expect_refused(std::string("folder with a FIFO ") + inner, load, fifo, "FIFO");
  }
}

namespace {

// The readers of quantization, fine-tuning and command-line input, each given `p` as the one file
// it reads; the folder around `p` holds whatever the reader needs before it gets to that file.
struct SideReader {
  std::string name;  // the file name the reader expects
  std::function<void(const fs::path& dir)> prepare;
  std::function<Status(const fs::path& dir, const fs::path& p)> load;
};

std::vector<SideReader> side_readers() {
  auto tokenizer = [](const fs::path& dir) {
    fs::create_directories(dir / "tok");
    std::ofstream(dir / "tok" / "tokenizer.json") << R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}})";
  };
  auto state = [](const fs::path& dir) {
    fs::create_directories(dir / "output");
    std::ofstream(dir / "output" / "trainer_state.json") << R"({"log_history": []})";
  };
  auto adapter_config = [](const fs::path& dir) { std::ofstream(dir / "adapter_config.json") << R"({"peft_type": "LORA"})"; };
  return {
      {"prompt.txt", {}, [](const fs::path&, const fs::path& p) { return read_text_input(p).status(); }},
      {"prompts.jsonl", {}, [](const fs::path&, const fs::path& p) { return read_prompts_file(p).status(); }},
      {"finetune.json", {}, [](const fs::path&, const fs::path& p) { return train_config_from_file(p).status(); }},
      {"calib.jsonl", {}, [](const fs::path&, const fs::path& p) { return guard([&] { quant::check_calibration_file(p); }); }},
      {"train.jsonl", tokenizer,
       [](const fs::path& dir, const fs::path& p) {
         return guard([&] {
           auto tok = load_tokenizer(dir / "tok");
           REQUIRE(tok.is_ok());
           DataConfig c;
           c.path = p;
           train::build_dataset(c, **tok, ChatFamily::plain);
         });
       }},
      {"adapter_config.json", {}, [](const fs::path& dir, const fs::path&) { return load_peft_adapter(ModelFiles{}, dir).status(); }},
      {"adapter_model.safetensors", adapter_config,
       [](const fs::path& dir, const fs::path&) { return load_peft_adapter(ModelFiles{}, dir).status(); }},
      {"output/trainer_state.json", [](const fs::path& dir) { fs::create_directories(dir / "output"); },
       [](const fs::path& dir, const fs::path&) { return read_exported_run(dir).status(); }},
      {"job.json", state, [](const fs::path& dir, const fs::path&) { return read_exported_run(dir).status(); }},
  };
}

}  // namespace

DSW_TEST(quantize_finetune_and_cli_readers_refuse_fifos_and_devices) {
  // Calibration text, training data, a fine-tuning config, adapter files, an exported run's state
  // the CLI's --file/--text-file inputs and a load test's prompts go through the same reader as model files.
  for (const SideReader& r : side_readers()) {
    fs::path dir = temp_dir();
    if (r.prepare) r.prepare(dir);
    fs::path fifo = make_fifo(dir / r.name);
    expect_refused(r.name + " as a FIFO", [&] { return r.load(dir, fifo); }, fifo, "FIFO");

    fs::path dir2 = temp_dir();
    if (r.prepare) r.prepare(dir2);
    fs::path dev = dir2 / r.name;
    fs::create_symlink("/dev/zero", dev);
    expect_refused(r.name + " -> /dev/zero", [&] { return r.load(dir2, dev); }, dev, "character device");
  }
}

DSW_TEST(training_data_read_through_the_reader_keeps_its_lines) {
  // The data file is read whole through the capped reader and split into lines here: CRLF line
  // ends, blank separator lines and a last line without a newline must give the same documents
  // as a line-by-line read ("a", "ab", "b"; a kept "\r" would glue them into one).
  fs::path dir = temp_dir();
  std::ofstream(dir / "tokenizer.json") << R"({"model": {"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": []}})";
  auto tok = load_tokenizer(dir);
  REQUIRE(tok.is_ok());
  std::ofstream(dir / "data.txt", std::ios::binary) << "a\r\n\r\nab\r\n\r\nb";
  DataConfig c;
  c.path = dir / "data.txt";
  c.eval_fraction = 0;
  c.seq_len = 2;
  train::Dataset d = train::build_dataset(c, **tok, ChatFamily::plain);
  CHECK(d.examples == 3);
  std::vector<int32_t> all;
  for (const auto& row : d.train) all.insert(all.end(), row.tokens.begin(), row.tokens.end());
  CHECK((all == std::vector<int32_t>{0, 0, 1, 1}));
}
