#include "requesttab.h"

#include "banner.h"
#include "requestcomposer.h"
#include "responseview.h"

#include <QSplitter>
#include <QUrl>
#include <QVBoxLayout>

namespace Keyway {

RequestTab::RequestTab(QWidget *parent)
    : QWidget(parent),
      m_composer(new RequestComposer(this)),
      m_response(new ResponseView(this)),
      m_banner(new Banner(this)),
      m_splitter(new QSplitter(Qt::Horizontal, this))
{
    m_splitter->setObjectName(QStringLiteral("requestResponseSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_composer);
    m_splitter->addWidget(m_response);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 4);
    layout->setSpacing(6);
    layout->addWidget(m_composer->bar());
    layout->addWidget(m_banner);
    layout->addWidget(m_splitter, 1);
}

bool RequestTab::isModified() const
{
    return !(m_composer->item() == m_saved);
}

void RequestTab::markSaved()
{
    m_saved = m_composer->item();
}

QString RequestTab::title() const
{
    const RequestItem item = m_composer->item();
    if (!item.name.isEmpty())
        return item.name;
    if (item.url.isEmpty())
        return tr("New request");
    const QUrl url = QUrl::fromUserInput(item.url);
    const QString path = url.path().isEmpty() ? url.host() : url.path();
    return QStringLiteral("%1 %2").arg(item.method, path);
}

} // namespace Keyway
