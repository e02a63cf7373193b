#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace tokencache {

/** What the centre shows instead of an empty table: a first-run welcome, or why the config is unusable. */
class WelcomePage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WelcomePage)

public:
    explicit WelcomePage(QWidget* parent = nullptr);

    /** The config file cannot be read: say why, and that it will not be overwritten. */
    void showConfigError(const QString& message);
    /** Nothing cached yet at @p redisUrl (shown without credentials). */
    void showEmpty(const QString& redisUrl);

signals:
    void connectRequested();
    void newProfileRequested();

private:
    QLabel* m_text;
    QPushButton* m_connectButton;
    QPushButton* m_addButton;
};

} // namespace tokencache
