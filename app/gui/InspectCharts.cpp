// InspectCharts (see header).
#include "InspectCharts.h"

#include <cmath>
#include <limits>

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

QString num(double v, int digits = 4) {
  if (std::isnan(v)) return QStringLiteral("—");
  return QString::number(v, 'f', digits);
}

QString pct(double v) { return std::isnan(v) ? QStringLiteral("—") : QString::number(100.0 * v, 'f', 1) + u'%'; }

QStringList numbered(const QString& prefix, int n) {
  QStringList out;
  for (int i = 0; i < n; ++i) out.append(prefix + QString::number(i));
  return out;
}

QString idList(const QVector<int>& v) {
  if (v.isEmpty()) return InspectCharts::tr("none");
  QStringList s;
  for (int e : v) s.append(QString::number(e));
  return s.join(u' ');
}

}  // namespace

QString InspectCharts::statName(InspectStat s) {
  switch (s) {
    case InspectStat::Entropy: return tr("Entropy");
    case InspectStat::MaxLogit: return tr("Max logit");
    case InspectStat::PreviousToken: return tr("Previous-token score");
    case InspectStat::Distance: return tr("Mean attention distance");
    case InspectStat::FirstToken: return tr("Attention to the first token");
    case InspectStat::Sink: return tr("Strongest sink");
    case InspectStat::PositionShare: return tr("Position share (MLA)");
  }
  return {};
}

QString InspectCharts::statKey(InspectStat s) {
  static const char* keys[] = {"entropy", "max_logit", "previous_token", "distance", "first_token", "sink", "position_share"};
  return QString::fromLatin1(keys[int(s)]);
}

QString InspectCharts::statDescription(InspectStat s) {
  switch (s) {
    case InspectStat::Entropy: return tr("Mean over query rows of −Σ p·ln p (nats): low for focused heads, high for diffuse ones.");
    case InspectStat::MaxLogit: return tr("The largest scaled score q·k of any row.");
    case InspectStat::PreviousToken: return tr("Mean probability on the previous token.");
    case InspectStat::Distance: return tr("Mean over rows of Σ p·(query − key), in tokens.");
    case InspectStat::FirstToken: return tr("Mean probability on the first token.");
    case InspectStat::Sink: return tr("Share of all attention received by the most-attended key.");
    case InspectStat::PositionShare:
      return tr("How much of each score's spread comes from the rotary part q_rope·k_rope rather than the content part.");
  }
  return {};
}

QString InspectCharts::tokenText(const QStringList& tokens, int i) {
  QString t = tokens.value(i);
  t.replace(u'\n', QStringLiteral("\\n"));
  return QStringLiteral("“%1” (%2)").arg(t).arg(i);
}

// ---- attention ----------------------------------------------------------------------------------------

HeatmapData InspectCharts::attentionWindow(const AttentionResult& r) {
  HeatmapData d;
  d.rows = r.q1 - r.q0;
  d.cols = r.k1 - r.k0;
  d.values = r.probs;
  d.rowOffset = r.q0;
  d.colOffset = r.k0;
  d.rowLabels = r.tokens.mid(r.q0, d.rows);
  d.colLabels = r.tokens.mid(r.k0, d.cols);
  d.title = tr("Layer %1 · head %2").arg(r.layer).arg(r.head);
  d.rowTitle = tr("query");
  d.colTitle = tr("key");
  d.valueTitle = tr("probability");
  d.min = 0;
  return d;
}

QString InspectCharts::attentionHover(const AttentionResult& r, int q, int k) {
  if (!r.inWindow(q, k)) return {};
  QString s = tr("query %1 → key %2").arg(tokenText(r.tokens, q), tokenText(r.tokens, k));
  const float p = r.windowAt(r.probs, q, k);
  if (std::isnan(p)) return s + u'\n' + tr("masked (a query sees only earlier keys)");
  s += u'\n' + tr("probability %1").arg(num(p, 5));
  const float score = r.windowAt(r.logits, q, k);
  if (!std::isnan(score)) {
    if (r.split && !r.position.isEmpty()) {
      const float pos = r.windowAt(r.position, q, k);
      s += u'\n' + tr("score %1 = position %2 + content %3").arg(num(score, 3), num(pos, 3), num(score - pos, 3));
    } else {
      s += u'\n' + tr("score %1").arg(num(score, 3));
    }
  }
  return s;
}

HeatmapData InspectCharts::overview(const AttentionResult& r, int head, bool mean, bool compact) {
  HeatmapData d;
  const auto& planes = mean ? r.overviewMean : r.overviewMax;
  if (head < 0 || head >= planes.size()) return d;
  d.rows = d.cols = r.tiles;
  d.values = planes[head];
  d.min = 0;
  d.title = compact ? tr("head %1").arg(head) : tr("Layer %1 · head %2 (%3 per tile of %4 tokens)").arg(r.layer).arg(head).arg(mean ? tr("mean") : tr("max")).arg(r.tile);
  if (r.tile == 1) {
    d.rowLabels = d.colLabels = r.tokens;
  } else {
    for (int i = 0; i < r.tiles; ++i) d.rowLabels.append(QStringLiteral("%1–%2").arg(i * r.tile).arg(std::min(r.tokenCount(), (i + 1) * r.tile) - 1));
    d.colLabels = d.rowLabels;
  }
  d.rowTitle = r.tile == 1 ? tr("query") : tr("query tile");
  d.colTitle = r.tile == 1 ? tr("key") : tr("key tile");
  d.valueTitle = mean ? tr("mean probability") : tr("max probability");
  return d;
}

QString InspectCharts::overviewHover(const AttentionResult& r, int head, int qt, int kt) {
  if (head < 0 || head >= r.overviewMax.size()) return {};
  const int at = qt * r.tiles + kt;
  const float mx = r.overviewMax[head].value(at, kNaN), mean = r.overviewMean[head].value(at, kNaN);
  if (r.tile == 1)
    return tr("query %1 → key %2\nprobability %3").arg(tokenText(r.tokens, qt), tokenText(r.tokens, kt), num(mx, 5));
  const int n = r.tokenCount();
  return tr("queries %1–%2 × keys %3–%4\nmax %5, mean %6")
      .arg(qt * r.tile)
      .arg(std::min(n, (qt + 1) * r.tile) - 1)
      .arg(kt * r.tile)
      .arg(std::min(n, (kt + 1) * r.tile) - 1)
      .arg(num(mx, 5), num(mean, 5));
}

HeatmapData InspectCharts::statMap(const AttentionResult& r, InspectStat stat) {
  HeatmapData d;
  d.rows = r.layers;
  d.cols = r.heads;
  for (double v : r.stats.value(int(stat))) d.values.append(float(v));
  d.rowLabels = numbered(QStringLiteral("L"), r.layers);
  d.colLabels = numbered(QStringLiteral("h"), r.heads);
  d.title = statName(stat);
  d.rowTitle = tr("layer");
  d.colTitle = tr("head");
  d.valueTitle = statName(stat);
  return d;
}

QString InspectCharts::statHover(const AttentionResult& r, int l, int h) {
  QStringList lines = {tr("layer %1 · head %2 (click to open)").arg(l).arg(h)};
  for (int k = 0; k < kInspectStatCount; ++k) {
    const auto s = InspectStat(k);
    if (s == InspectStat::PositionShare && !r.split) continue;
    QString line = statName(s) + QStringLiteral(": ") + num(r.stat(s, l, h));
    if (s == InspectStat::Sink) line += u' ' + tr("(key %1)").arg(tokenText(r.tokens, int(r.sinkKey.value(l * r.heads + h))));
    lines.append(line);
  }
  if (r.split)
    lines.append(tr("attention-weighted score: position %1 + content %2")
                     .arg(num(r.positionScore.value(l * r.heads + h), 3), num(r.contentScore.value(l * r.heads + h), 3)));
  return lines.join(u'\n');
}

// ---- routing ------------------------------------------------------------------------------------------

HeatmapData InspectCharts::routingGrid(const RoutingResult& r) {
  HeatmapData d;
  const int T = r.traceTokens();
  d.rows = T;
  d.cols = r.layers;
  d.values.resize(qsizetype(T) * r.layers);
  for (int t = 0; t < T; ++t)
    for (int l = 0; l < r.layers; ++l) {
      const int e = r.expert.value((t * r.layers + l) * r.k, -1);
      d.values[t * r.layers + l] = e < 0 ? kNaN : float(e);
    }
  d.rowLabels = r.tokens.mid(0, T);
  d.colLabels = numbered(QStringLiteral("L"), r.layers);
  d.scale = HeatmapData::Scale::Categorical;
  d.categories = r.experts;
  d.title = tr("Top-1 expert per token and layer");
  d.rowTitle = tr("token");
  d.colTitle = tr("layer");
  d.valueTitle = tr("expert");
  return d;
}

QString InspectCharts::routingHover(const RoutingResult& r, int t, int l) {
  QString s = tr("token %1 · layer %2").arg(tokenText(r.tokens, t)).arg(l);
  if (!r.moeLayer.value(l)) return s + u'\n' + tr("dense layer (no routing)");
  QStringList parts;
  for (int i = 0; i < r.k; ++i) {
    const int at = (t * r.layers + l) * r.k + i;
    parts.append(tr("e%1 %2").arg(r.expert.value(at)).arg(num(r.weight.value(at), 3)));
  }
  s += u'\n' + tr("experts (weight): %1").arg(parts.join(QStringLiteral(", ")));
  if (r.shared > 0) s += u'\n' + tr("+ %n shared expert(s), always active", nullptr, r.shared);
  return s;
}

HeatmapData InspectCharts::loadMap(const RoutingResult& r) {
  HeatmapData d;
  d.rows = r.layers;
  d.cols = r.experts + r.shared;
  d.values.fill(kNaN, qsizetype(d.rows) * d.cols);
  for (int l = 0; l < r.layers; ++l) {
    if (!r.moeLayer.value(l)) continue;
    for (int e = 0; e < r.experts; ++e) d.values[l * d.cols + e] = float(r.loadShare(l, e));
    for (int s = 0; s < r.shared; ++s) d.values[l * d.cols + r.experts + s] = 1.0f;
  }
  for (int l = 0; l < r.layers; ++l) d.rowLabels.append(r.moeLayer.value(l) ? QStringLiteral("L%1").arg(l) : tr("L%1 dense").arg(l));
  d.colLabels = numbered(QStringLiteral("e"), r.experts) + numbered(QStringLiteral("S"), r.shared);
  d.min = 0;
  d.title = tr("Expert load (S = shared)");
  d.rowTitle = tr("layer");
  d.colTitle = tr("expert");
  d.valueTitle = tr("share of tokens");
  return d;
}

QString InspectCharts::loadHover(const RoutingResult& r, int l, int c) {
  if (!r.moeLayer.value(l)) return tr("layer %1 is dense (no routing)").arg(l);
  if (c >= r.experts) return tr("layer %1 · shared expert %2: every token (always active)").arg(l).arg(c - r.experts);
  return tr("layer %1 · expert %2\n%3 of %4 tokens (%5), weight mass %6\nlayer: entropy %7 nats, balance %8")
      .arg(l)
      .arg(c)
      .arg(r.load.value(l * r.experts + c))
      .arg(r.tokensPerLayer.value(l))
      .arg(pct(r.loadShare(l, c)), num(r.weightMass.value(l * r.experts + c), 3), num(r.entropy.value(l), 3),
           num(r.balance.value(l), 3));
}

QVector<BarChart::Bar> InspectCharts::loadBars(const RoutingResult& r, int l) {
  QVector<BarChart::Bar> bars;
  if (!r.moeLayer.value(l)) return bars;
  for (int e = 0; e < r.experts; ++e) {
    BarChart::Bar b;
    b.label = QStringLiteral("e%1").arg(e);
    b.value = double(r.load.value(l * r.experts + e));
    b.tone = r.load.value(l * r.experts + e) == 0 ? BarChart::Tone::Worse : BarChart::Tone::Neutral;
    bars.append(b);
  }
  for (int s = 0; s < r.shared; ++s) {
    BarChart::Bar b;
    b.label = QStringLiteral("S%1").arg(s);
    b.value = double(r.tokensPerLayer.value(l));
    b.tone = BarChart::Tone::Better;
    bars.append(b);
  }
  return bars;
}

HeatmapData InspectCharts::coactivation(const RoutingResult& r, int l) {
  HeatmapData d;
  const int E = r.experts;
  d.rows = d.cols = E;
  d.values.resize(qsizetype(E) * E);
  for (int i = 0; i < E * E; ++i) d.values[i] = float(r.coactivation.value(qsizetype(l) * E * E + i));
  d.rowLabels = d.colLabels = numbered(QStringLiteral("e"), E);
  d.min = 0;
  d.title = tr("Co-activation, layer %1").arg(l);
  d.rowTitle = d.colTitle = tr("expert");
  d.valueTitle = tr("share of tokens");
  return d;
}

QString InspectCharts::routingSummary(const RoutingResult& r) {
  QStringList lines;
  lines.append(tr("%1 tokens in %n document(s); %2 routed experts, %3 per token, %4 shared (always active); scoring %5", nullptr,
                  int(r.documents))
                   .arg(r.totalTokens)
                   .arg(r.experts)
                   .arg(r.k)
                   .arg(r.shared)
                   .arg(r.scoring));
  for (int l = 0; l < r.layers; ++l) {
    if (!r.moeLayer.value(l)) continue;
    lines.append(tr("layer %1: entropy %2 nats, balance %3, never hit: %4")
                     .arg(l)
                     .arg(num(r.entropy.value(l), 3), num(r.balance.value(l), 3), idList(r.neverHit.value(l))));
  }
  return lines.join(u'\n');
}

// ---- token kinds ---------------------------------------------------------------------------------------

namespace {

qint64 kindTotal(const RoutingResult& r, int l, int kind) {
  qint64 n = 0;
  for (int e = 0; e < r.experts; ++e) n += r.kindCount(l, e, kind);
  return n;
}

// Share of the kind's tokens in layer l that chose expert e (k experts each: the shares sum to k).
double kindShare(const RoutingResult& r, int l, int e, int kind) {
  const qint64 n = kindTotal(r, l, kind);
  return n && r.k ? double(r.kindCount(l, e, kind)) * r.k / double(n) : std::nan("");
}

}  // namespace

QString InspectCharts::kindName(int kind) {
  switch (kind) {
    case 0: return tr("digits");
    case 1: return tr("operators");
    case 2: return tr("words");
    case 3: return tr("spaces/punctuation");
    case 4: return tr("code");
    case 5: return tr("special");
  }
  return QString();
}

HeatmapData InspectCharts::kindMap(const RoutingResult& r, int l) {
  HeatmapData d;
  if (!r.hasKinds()) {
    d.title = tr("Token kinds need the per-token routing and the model's tokenizer (run a prompt or a data set)");
    return d;
  }
  d.rows = kInspectKindCount;
  d.cols = r.experts;
  for (int kind = 0; kind < kInspectKindCount; ++kind) {
    d.rowLabels.append(tr("%1 (%2)").arg(kindName(kind)).arg(r.kindTokens.value(kind)));
    for (int e = 0; e < r.experts; ++e) d.values.append(float(kindShare(r, l, e, kind)));
  }
  d.colLabels = numbered(QStringLiteral("e"), r.experts);
  d.min = 0;
  d.title = tr("Which experts take which tokens, layer %1: I(kind; expert) = %2 of %3 bits")
                .arg(l)
                .arg(num(r.kindInformation.value(l), 3), num(r.kindEntropy.value(l), 3));
  d.rowTitle = tr("token kind (tokens)");
  d.colTitle = tr("expert");
  d.valueTitle = tr("share of the kind's tokens");
  return d;
}

QString InspectCharts::kindHover(const RoutingResult& r, int l, int kind, int e) {
  if (!r.hasKinds() || kind < 0 || kind >= kInspectKindCount) return QString();
  const qint64 n = kindTotal(r, l, kind) / qMax(1, r.k);
  return tr("Layer %1, %2: %3 of %4 tokens chose expert %5 (%6)")
      .arg(l)
      .arg(kindName(kind))
      .arg(r.kindCount(l, e, kind))
      .arg(n)
      .arg(e)
      .arg(pct(kindShare(r, l, e, kind)));
}

QString InspectCharts::kindSummary(const RoutingResult& r) {
  if (!r.hasKinds()) return QString();
  QStringList lines;
  lines.append(tr("How much the chosen experts tell about the kind of token: I(kind; expert), bits (at most H(kind)); "
                  "then the expert each kind uses most and its share of that kind's tokens."));
  for (int l = 0; l < r.layers; ++l) {
    if (!r.moeLayer.value(l)) continue;
    QStringList tops;
    for (int kind = 0; kind < kInspectKindCount; ++kind) {
      int best = -1;
      qint64 most = 0;
      for (int e = 0; e < r.experts; ++e)
        if (r.kindCount(l, e, kind) > most) most = r.kindCount(l, e, kind), best = e;
      if (best >= 0) tops.append(tr("%1 → e%2 (%3)").arg(kindName(kind)).arg(best).arg(pct(kindShare(r, l, best, kind))));
    }
    lines.append(tr("layer %1: I = %2 of %3 bits; %4")
                     .arg(l)
                     .arg(num(r.kindInformation.value(l), 3), num(r.kindEntropy.value(l), 3), tops.join(QStringLiteral(", "))));
  }
  return lines.join(u'\n');
}

// ---- comparison ---------------------------------------------------------------------------------------

HeatmapData InspectCharts::jsMap(const AttentionCompareResult& c) {
  HeatmapData d;
  d.rows = c.a.layers;
  d.cols = c.a.heads;
  for (double v : c.jsMean) d.values.append(float(v));
  d.rowLabels = numbered(QStringLiteral("L"), d.rows);
  d.colLabels = numbered(QStringLiteral("h"), d.cols);
  d.min = 0;
  d.title = tr("JS divergence per head");
  d.rowTitle = tr("layer");
  d.colTitle = tr("head");
  d.valueTitle = tr("JS (bits)");
  return d;
}

HeatmapData InspectCharts::attentionDifference(const AttentionCompareResult& c) {
  HeatmapData d = attentionWindow(c.a);
  for (qsizetype i = 0; i < d.values.size(); ++i) d.values[i] = c.b.probs.value(i, kNaN) - c.a.probs.value(i, kNaN);
  d.scale = HeatmapData::Scale::Diverging;
  d.min = d.max = std::numeric_limits<double>::quiet_NaN();
  d.title = tr("B − A: layer %1 · head %2").arg(c.a.layer).arg(c.a.head);
  d.valueTitle = tr("probability B − A");
  return d;
}

QString InspectCharts::differenceHover(const AttentionCompareResult& c, int q, int k) {
  if (!c.a.inWindow(q, k)) return {};
  const float a = c.a.windowAt(c.a.probs, q, k), b = c.b.windowAt(c.b.probs, q, k);
  if (std::isnan(a)) return tr("query %1 → key %2\nmasked").arg(tokenText(c.a.tokens, q), tokenText(c.a.tokens, k));
  return tr("query %1 → key %2\nA %3, B %4, B − A %5").arg(tokenText(c.a.tokens, q), tokenText(c.a.tokens, k), num(a, 5), num(b, 5), num(b - a, 5));
}

HeatmapData InspectCharts::jaccardGrid(const RoutingCompareResult& c) {
  HeatmapData d;
  const int L = c.a.layers;
  d.rows = L > 0 ? int(c.tokenJaccard.size() / L) : 0;
  d.cols = L;
  d.values = c.tokenJaccard;
  d.rowLabels = c.a.tokens.mid(0, d.rows);
  d.colLabels = numbered(QStringLiteral("L"), L);
  d.min = 0;
  d.max = 1;
  d.title = tr("Expert-set agreement A↔B (Jaccard)");
  d.rowTitle = tr("token");
  d.colTitle = tr("layer");
  d.valueTitle = tr("Jaccard");
  return d;
}

HeatmapData InspectCharts::loadShift(const RoutingCompareResult& c) {
  HeatmapData d;
  const int E = c.a.experts;
  d.rows = c.a.layers;
  d.cols = E;
  d.values.fill(kNaN, qsizetype(d.rows) * E);
  for (int l = 0; l < d.rows; ++l)
    if (c.a.moeLayer.value(l))
      for (int e = 0; e < E; ++e) d.values[l * E + e] = float(c.loadShift.value(l * E + e));
  for (int l = 0; l < d.rows; ++l) d.rowLabels.append(c.a.moeLayer.value(l) ? QStringLiteral("L%1").arg(l) : tr("L%1 dense").arg(l));
  d.colLabels = numbered(QStringLiteral("e"), E);
  d.scale = HeatmapData::Scale::Diverging;
  d.title = tr("Load shift B − A (share of tokens)");
  d.rowTitle = tr("layer");
  d.colTitle = tr("expert");
  d.valueTitle = tr("share B − A");
  return d;
}

HeatmapData InspectCharts::coactivationChange(const RoutingCompareResult& c, int l) {
  HeatmapData d;
  const int E = c.a.experts;
  d.rows = d.cols = E;
  d.values.resize(qsizetype(E) * E);
  for (int i = 0; i < E * E; ++i) d.values[i] = float(c.coactivationChange.value(qsizetype(l) * E * E + i));
  d.rowLabels = d.colLabels = numbered(QStringLiteral("e"), E);
  d.scale = HeatmapData::Scale::Diverging;
  d.title = tr("Co-activation change, layer %1 (B − A)").arg(l);
  d.rowTitle = d.colTitle = tr("expert");
  d.valueTitle = tr("share B − A");
  return d;
}

QString InspectCharts::routingComparisonSummary(const RoutingCompareResult& c) {
  QStringList lines;
  lines.append(tr("A: %1 tokens · B: %2 tokens").arg(c.a.totalTokens).arg(c.b.totalTokens));
  if (c.perToken)
    lines.append(tr("Tokens routed differently in at least one MoE layer: %1").arg(pct(c.changedAny)));
  else
    lines.append(tr("Per-token agreement unavailable: %1").arg(c.note));
  for (int l = 0; l < c.a.layers; ++l) {
    if (!c.a.moeLayer.value(l)) continue;
    lines.append(tr("layer %1: Jaccard %2, changed %3, entropy A %4 / B %5, never hit in A: %6, in B: %7")
                     .arg(l)
                     .arg(num(c.jaccard.value(l), 3), pct(c.changed.value(l)), num(c.entropyA.value(l), 3), num(c.entropyB.value(l), 3),
                          idList(c.neverA.value(l)), idList(c.neverB.value(l))));
  }
  return lines.join(u'\n');
}
