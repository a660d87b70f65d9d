// QuantizePage (see header).
#include "QuantizePage.h"

#include "PageHeader.h"
#include "QuantizeForm.h"
#include "QuantizeResultView.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

QuantizePage::QuantizePage(QWidget* parent)
    : QWidget(parent), m_title(new QLabel(this)), m_subtitle(new QLabel(this)), m_form(new QuantizeForm), m_result(new QuantizeResultView) {
  setObjectName(QStringLiteral("quantizePage"));
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(24, 20, 24, 12);
  v->setSpacing(10);
  v->addLayout(makePageHeader(m_title, m_subtitle));

  // The form is tall (every option of the job): it scrolls on small windows.
  auto* scroll = new QScrollArea(this);
  scroll->setObjectName(QStringLiteral("quantFormScroll"));
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setWidget(m_form);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);  // the form fits its column
  scroll->setMinimumWidth(430);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->setChildrenCollapsible(false);
  split->addWidget(scroll);
  split->addWidget(m_result);
  split->setStretchFactor(0, 0);
  split->setStretchFactor(1, 1);
  split->setSizes({540, 720});
  v->addWidget(split, 1);
  retranslateUi();
}

void QuantizePage::retranslateUi() {
  m_title->setText(tr("Quantize"));
  m_subtitle->setText(tr("Turn a model's weights into 8- or 4-bit codes (RTN or GPTQ) and see what it cost: size, perplexity, "
                         "KL divergence, agreement and routing against the original."));
  emit retranslated();
}

void QuantizePage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}
