// PageHeader (see header).
#include "PageHeader.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

QHBoxLayout* makePageHeader(QLabel* title, QLabel* subtitle) {
  auto* header = new QHBoxLayout;
  auto* titles = new QVBoxLayout;
  titles->setSpacing(2);
  title->setObjectName(QStringLiteral("pageTitle"));
  subtitle->setObjectName(QStringLiteral("pageSubtitle"));
  subtitle->setWordWrap(true);  // a long subtitle takes a second line rather than the page's width
  titles->addWidget(title);
  titles->addWidget(subtitle);
  header->addLayout(titles, 1);
  return header;
}
