#pragma once

#include "core/config/Connection.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <memory>

namespace tokencache {

class SessionThread;

/**
 * Counts the rows with problems of connections that have no tab open, for the sidebar's
 * "Problems (n)": one full pass per connection, one connection at a time, each on a session
 * thread of its own that ends with its pass. It never writes; an open tab counts live instead.
 */
class ProblemCensus final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProblemCensus)

public:
    explicit ProblemCensus(QObject* parent = nullptr);
    ~ProblemCensus() override;

    /** Counts @p connection's problems once, after those queued; again only when its Redis or profiles
     * change. */
    void count(const Connection& connection);
    /** Takes @p connection as counted as it is (its tab counted it live until it closed). */
    void markCounted(const Connection& connection);
    /** Stops counting @p name (its tab opened, or it was removed); the next count() counts it again. */
    void forget(const QString& name);

signals:
    /** @p count rows with problems in @p name's cache (-1: not counted); @p note says when, or why not. */
    void counted(const QString& name, int count, const QString& note);

private:
    void next();
    void finish(int count, const QString& note);

    QList<Connection> m_queue;
    QHash<QString, QString> m_countedAs;      ///< per connection, what it was counted as (countedAs())
    std::shared_ptr<SessionThread> m_session; ///< the pass under way's
    QPointer<QObject> m_pass;                 ///< the pass under way's context: deleting it stops the pass
    QString m_counting;                       ///< the connection of the pass under way
};

} // namespace tokencache
