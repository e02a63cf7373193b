#include "ui/widgets/FileField.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

namespace tokencache {

FileField::FileField(const QString& what, const QString& path, const QString& placeholder, QWidget* parent)
    : QWidget(parent), m_what(what), m_path(new QLineEdit(path, this))
{
    m_path->setObjectName(QStringLiteral("pathEdit"));
    m_path->setPlaceholderText(placeholder);
    auto* browse = new QPushButton(tr("Browse…"), this);
    browse->setObjectName(QStringLiteral("browseButton"));
    browse->setToolTip(tr("Choose %1").arg(what));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_path, 1);
    layout->addWidget(browse);
    setFocusProxy(m_path);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString chosen =
            QFileDialog::getOpenFileName(this, tr("Choose %1").arg(m_what), this->path(),
                                         tr("PEM files (*.pem *.crt *.cer);;All files (*)"));
        if (!chosen.isEmpty())
            m_path->setText(chosen);
    });
}

QString FileField::path() const
{
    return m_path->text().trimmed();
}

} // namespace tokencache
