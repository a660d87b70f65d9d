// The header every area page starts with: the title over its subtitle on the left (styled by the
// theme through the object names pageTitle / pageSubtitle); the page adds its controls on the right.
#pragma once

class QHBoxLayout;
class QLabel;

QHBoxLayout* makePageHeader(QLabel* title, QLabel* subtitle);
