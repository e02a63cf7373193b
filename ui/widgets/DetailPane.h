#pragma once

#include "cache/CacheEntry.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPushButton;
class QTextBrowser;

/** The selected entry in full: token (masked until revealed), response JSON, decoded JWT, warnings. */
class DetailPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailPane)

public:
    explicit DetailPane(QWidget* parent = nullptr);

    void showEntry(const CacheEntry& entry);
    void showMessage(const QString& message);
    void clear();
    bool revealed() const { return m_revealed; }

private:
    void render();
    QString html(const CacheEntry& entry) const;

    QLabel* m_title;
    QPushButton* m_reveal;
    QTextBrowser* m_body;
    std::optional<CacheEntry> m_entry;
    bool m_revealed = false;
};
