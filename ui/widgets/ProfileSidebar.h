#pragma once

#include <QTreeWidget>

namespace tokencache {

struct Connection;

/** The left column: the Redis connection and, under it, the configured profiles. */
class ProfileSidebar final : public QTreeWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileSidebar)

public:
    explicit ProfileSidebar(QWidget* parent = nullptr);

    /** Shows @p config's connection and profiles; the chosen profile stays chosen if it still exists. */
    void showConnection(const Connection& shown);
    /** Said beside the connection's name and in its tooltip (a private, throwaway Redis). */
    void setConnectionNote(const QString& note) { m_connectionNote = note; }
    /** The chosen profile's name; empty when the connection or nothing is chosen. */
    QString currentProfileName() const;

signals:
    void profileActivated();
    void connectionActivated();

private:
    QString m_connectionNote;
};

} // namespace tokencache
