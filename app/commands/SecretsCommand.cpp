#include "app/commands/SecretsCommand.h"

#include "app/ArgumentParser.h"
#include "app/CommandContext.h"
#include "core/common/Escape.h"
#include "core/config/Keychain.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

#include <termios.h>
#include <unistd.h>

namespace tokencache {

namespace {

constexpr qint64 kMaxSecretBytes = 64 * 1024;

// The secret comes on stdin, never on the command line (where ps and the shell history see it). From
// a terminal it is typed without echo, one line.
Result<QString> readSecret(const QString& name, QTextStream& err)
{
    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly, QFileDevice::DontCloseHandle))
        return Error::usage(QStringLiteral("secrets set: cannot read stdin: %1").arg(input.errorString()));
    QByteArray secret;
    if (::isatty(STDIN_FILENO)) {
        err << "Secret for keychain:" << name << " (not shown): " << Qt::flush;
        termios saved{};
        const bool quiet = ::tcgetattr(STDIN_FILENO, &saved) == 0;
        if (quiet) {
            termios silent = saved;
            silent.c_lflag &= ~tcflag_t(ECHO);
            ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
        }
        secret = input.readLine(kMaxSecretBytes + 1);
        if (quiet)
            ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        err << Qt::endl;
    } else {
        secret = input.read(kMaxSecretBytes + 1);
    }
    if (secret.size() > kMaxSecretBytes)
        return Error::usage(
            QStringLiteral("secrets set: more than %1 bytes on stdin; not a secret").arg(kMaxSecretBytes));
    // `echo secret |` adds a newline that is not part of the secret: one is taken off, no more.
    if (secret.endsWith('\n'))
        secret.chop(secret.endsWith("\r\n") ? 2 : 1);
    if (secret.isEmpty())
        return Error::usage(QStringLiteral("secrets set: stdin held no secret; give it on stdin, e.g. "
                                           "`tokencache secrets set %1 < file`")
                                .arg(name));
    return QString::fromUtf8(secret);
}

QString checkedName(const ArgumentParser& parser)
{
    return parser.positionalArguments().value(0);
}

} // namespace

QString SecretsCommand::synopsis() const
{
    return QStringLiteral(
        "secrets set NAME | remove NAME | list\n"
        "                                the system keychain's entries (keychain:NAME); set "
        "reads the\n"
        "                                secret from stdin");
}

void SecretsCommand::execute(const QStringList& arguments, CommandContext& context)
{
    const QString action = arguments.value(0);
    const QStringList rest = arguments.mid(1);
    if (action == QLatin1String("set"))
        return set(rest, context);
    if (action == QLatin1String("remove"))
        return remove(rest, context);
    if (action == QLatin1String("list"))
        return list(rest, context);
    if (action.isEmpty() && context.helpAsked()) {
        ArgumentParser(name(), synopsis()).accept(context, {}, 0);
        return;
    }
    context.fail(Error::usage(
        QStringLiteral("secrets: expected set NAME, remove NAME or list (see tokencache secrets --help)")));
}

void SecretsCommand::set(const QStringList& arguments, CommandContext& context)
{
    ArgumentParser parser(
        QStringLiteral("secrets set"),
        QStringLiteral("secrets set NAME < secret\n"
                       "  Stores stdin (one trailing newline taken off) in the system keychain "
                       "as\n"
                       "  keychain:NAME; a terminal is asked without echo."));
    if (!parser.accept(context, arguments, -1))
        return;
    // A secret on the command line is seen by ps and kept in the shell's history: never taken, never echoed.
    if (parser.positionalArguments().size() > 1)
        return context.fail(Error::usage(QStringLiteral(
            "secrets set: takes NAME only; the secret is read from stdin, never from the command line")));
    if (parser.positionalArguments().isEmpty())
        return context.fail(
            Error::usage(QStringLiteral("secrets set: expected NAME (see tokencache secrets --help)")));
    const QString name = checkedName(parser);
    if (const QString problem = Keychain::nameProblem(name); !problem.isEmpty())
        return context.fail(Error::usage(QStringLiteral("secrets set: ") + problem));
    auto secret = readSecret(name, context.err());
    if (!secret)
        return context.fail(secret.error());
    Keychain::write(name, *secret, &context, [name, &context](const Result<Done>& written) {
        if (!written)
            return context.fail(written.error());
        const QString reference = QStringLiteral("keychain:") + name;
        if (context.json())
            context.printJson({{QStringLiteral("name"), name}, {QStringLiteral("reference"), reference}});
        else
            context.out() << reference << '\n';
        context.finish();
    });
}

void SecretsCommand::remove(const QStringList& arguments, CommandContext& context)
{
    ArgumentParser parser(QStringLiteral("secrets remove"), QStringLiteral("secrets remove NAME"));
    if (!parser.accept(context, arguments, 1))
        return;
    const QString name = checkedName(parser);
    if (const QString problem = Keychain::nameProblem(name); !problem.isEmpty())
        return context.fail(Error::usage(QStringLiteral("secrets remove: ") + problem));
    Keychain::remove(name, &context, [&context](const Result<Done>& removed) {
        if (!removed)
            return context.fail(removed.error());
        context.finish();
    });
}

void SecretsCommand::list(const QStringList& arguments, CommandContext& context)
{
    ArgumentParser parser(
        QStringLiteral("secrets list"),
        QStringLiteral("secrets list\n"
                       "  The names stored in the system keychain, one per line (--json: an "
                       "array); never a secret."));
    if (!parser.accept(context, arguments, 0))
        return;
    Keychain::list(&context, [&context](const Result<QStringList>& names) {
        if (!names)
            return context.fail(names.error());
        if (context.format() == OutputFormat::Json) {
            context.out() << QJsonDocument(QJsonArray::fromStringList(*names)).toJson();
        } else if (context.json()) {
            for (const QString& name : *names)
                context.printJson({{QStringLiteral("name"), name}});
        } else {
            for (const QString& name : *names)
                context.out() << Escape::text(name) << '\n';
        }
        context.finish();
    });
}

} // namespace tokencache
