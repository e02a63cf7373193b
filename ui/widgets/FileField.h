#pragma once

#include <QWidget>

class QLineEdit;

namespace tokencache {

/** A PEM file's path: typed, or chosen with Browse…. */
class FileField final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FileField)

public:
    /** @p what names the file in the picker's title, e.g. "the client certificate". */
    FileField(const QString& what, const QString& path, const QString& placeholder,
              QWidget* parent = nullptr);

    /** The path as entered, without stray spaces. */
    QString path() const;

private:
    QString m_what;
    QLineEdit* m_path;
};

} // namespace tokencache
