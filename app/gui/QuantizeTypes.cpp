// QuantizeTypes (see header).
#include "QuantizeTypes.h"

dsw::QuantizeOptions QuantizeRequest::options() const {
  dsw::QuantizeOptions o;
  o.method = dsw::quant_method_from_name(method.toStdString()).value_or(dsw::QuantMethod::rtn);
  o.bits = bits;
  o.group = group;
  o.symmetric = symmetric;
  o.mix = mix.toStdString();
  o.calib_file = calibFile.toStdString();
  o.calib_samples = calibSamples;
  o.calib_length = calibLength;
  o.act_order = actOrder;
  o.awq = awq;
  o.attention = attention;
  o.mlp = mlp;
  o.head = head;
  o.embedding = embedding;
  for (const QString& k : keep)
    if (!k.trimmed().isEmpty()) o.keep.push_back(k.trimmed().toStdString());
  o.n_threads = threads;
  return o;
}

void registerQuantizeTypes() {
  qRegisterMetaType<QuantizeRequest>();
  qRegisterMetaType<QuantizeOutcome>();
}
