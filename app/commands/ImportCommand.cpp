#include "app/commands/ImportCommand.h"

#include "app/ArgumentParser.h"
#include "app/CommandContext.h"
#include "core/common/Escape.h"
#include "core/config/ConfigTransfer.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace tokencache {

namespace {

/** @p word as the shell takes it: as it is when that is safe, else quoted. */
QString shellWord(const QString& word)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9._/:=@%+-]+$"));
    return safe.match(word).hasMatch() ? word : Escape::shellArgument(word);
}

/** How to set @p slot; a profile's missing secrets are set in one edit, which checks them all. */
QString howToSet(const ConfigTransfer::SecretSlot& slot, const QList<ConfigTransfer::SecretSlot>& unset,
                 const QString& configPath)
{
    using Field = ConfigTransfer::SecretSlot::Field;
    if (slot.field == Field::RedisPassword || slot.field == Field::RedisUrlPassword)
        return QStringLiteral("set \"password\" under connection %1's \"redis\" in %2 to REF, or in the "
                              "window's connection settings")
            .arg(slot.connection, configPath);
    QString command = QStringLiteral("tokencache -C %1 profiles edit %2")
                          .arg(shellWord(slot.connection), shellWord(slot.profile));
    for (const ConfigTransfer::SecretSlot& other : unset) {
        if (other.connection != slot.connection || other.profile != slot.profile)
            continue;
        if (other.field == Field::ClientSecret)
            command += QStringLiteral(" --client-secret REF");
        else if (other.field == Field::Header)
            command += QStringLiteral(" --header ") + shellWord(other.header + QStringLiteral("=REF"));
    }
    return command;
}

} // namespace

QString ImportCommand::synopsis() const
{
    return QStringLiteral(
        "import FILE [--replace]       adds the connections of an export (FILE - reads stdin);\n"
        "                              a name that exists is refused unless --replace;\n"
        "                              -C NAME: that connection only");
}

void ImportCommand::execute(const QStringList& arguments, CommandContext& context)
{
    ArgumentParser parser(
        name(), QStringLiteral("import FILE [--replace]   (FILE -: stdin; -C NAME: one connection)"));
    parser.addOption({QStringLiteral("replace"),
                      QStringLiteral("replace connections of the same name, whole, with their profiles")});
    if (!parser.accept(context, arguments, 1) || !context.auditable())
        return;
    const QString source = parser.positionalArguments().first();
    const auto bytes = ConfigTransfer::readFile(source);
    if (!bytes)
        return context.fail(bytes.error());
    const QString shownSource = source == QLatin1String("-") ? QStringLiteral("stdin") : source;
    const auto document = ConfigTransfer::parse(*bytes, QStringLiteral("import: ") + shownSource);
    if (!document)
        return context.fail(document.error());

    const bool replace = parser.isSet(QStringLiteral("replace"));
    ConfigTransfer::Import imported;
    QString defaultConnection;
    auto saved = context.store().update([&](AppConfig& config) -> Result<Done> {
        auto done = ConfigTransfer::importConnections(config, *document, replace, context.connectionFlag());
        if (!done)
            return Error{done.error().kind,
                         QStringLiteral("import %1: %2").arg(shownSource, done.error().message)};
        imported = std::move(done).value();
        defaultConnection = config.defaultConnection;
        return Done{};
    });
    if (!saved)
        return context.fail(saved.error());
    for (const QString& connection : imported.added)
        context.record({QStringLiteral("import"), {}, {}, {}, {}, connection});
    for (const QString& connection : imported.replaced)
        context.record({QStringLiteral("import-replace"), {}, {}, {}, {}, connection});

    if (context.json()) {
        QJsonArray unset;
        for (const ConfigTransfer::SecretSlot& slot : imported.unset)
            unset.append(
                QJsonObject{{QStringLiteral("path"), slot.path()},
                            {QStringLiteral("connection"), slot.connection},
                            {QStringLiteral("profile"), slot.profile},
                            {QStringLiteral("header"), slot.header},
                            {QStringLiteral("set"), howToSet(slot, imported.unset, context.store().path())}});
        context.printJson({{QStringLiteral("added"), QJsonArray::fromStringList(imported.added)},
                           {QStringLiteral("replaced"), QJsonArray::fromStringList(imported.replaced)},
                           {QStringLiteral("defaultConnection"), defaultConnection},
                           {QStringLiteral("unset"), unset}});
        return context.finish();
    }
    for (const QString& connection : imported.added)
        context.out() << "added connection " << connection << '\n';
    for (const QString& connection : imported.replaced)
        context.out() << "replaced connection " << connection << '\n';
    if (imported.replacedBuiltInDefault)
        context.out() << "default connection: " << defaultConnection << " (in place of the built-in one)\n";
    if (!imported.unset.isEmpty()) {
        context.out() << "not set: the export left these secrets out; set them before use "
                         "(REF: env:NAME, file:/path or keychain:NAME):\n";
        for (qsizetype i = 0; i < imported.unset.size(); ++i) {
            const ConfigTransfer::SecretSlot& slot = imported.unset.at(i);
            context.out() << "  " << Escape::text(slot.path()) << '\n';
            // One line after each group of secrets that are set together.
            const QString how = howToSet(slot, imported.unset, context.store().path());
            if (i + 1 == imported.unset.size() ||
                howToSet(imported.unset.at(i + 1), imported.unset, context.store().path()) != how)
                context.out() << "      " << Escape::text(how) << '\n';
        }
    }
    context.finish();
}

} // namespace tokencache
