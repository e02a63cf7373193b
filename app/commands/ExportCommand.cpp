#include "app/commands/ExportCommand.h"

#include "app/ArgumentParser.h"
#include "app/CommandContext.h"
#include "core/common/Escape.h"
#include "core/config/ConfigTransfer.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace tokencache {

QString ExportCommand::synopsis() const
{
    return QStringLiteral(
        "export [--file FILE]          connections and profiles as JSON with secret references\n"
        "                              only; literal secrets are left out and listed on stderr;\n"
        "                              -C NAME: that connection only");
}

void ExportCommand::execute(const QStringList& arguments, CommandContext& context)
{
    ArgumentParser parser(name(), QStringLiteral("export [--file FILE]   (-C NAME: one connection)"));
    parser.addOption({QStringLiteral("file"),
                      QStringLiteral("write to FILE (owner-only, replaced whole) instead of stdout"),
                      QStringLiteral("FILE")});
    if (!parser.accept(context, arguments, 0))
        return;
    const QString file = parser.value(QStringLiteral("file"));
    const bool toFile = parser.isSet(QStringLiteral("file")) && file != QLatin1String("-");
    if (parser.isSet(QStringLiteral("file")) && file.isEmpty())
        return context.fail(Error::usage(QStringLiteral("export: --file is empty")));
    if (!context.auditable())
        return;
    // The file's connections as saved: --redis changes only what this run connects to.
    const auto config = context.store().load();
    if (!config)
        return context.fail(config.error());
    const auto exported = ConfigTransfer::exportConnections(*config, context.connectionFlag());
    if (!exported)
        return context.fail(exported.error());
    const QByteArray document = QJsonDocument(exported->json).toJson(QJsonDocument::Indented);

    if (toFile) {
        if (auto written = ConfigTransfer::writeFile(file, document); !written) {
            context.err() << "tokencache: " << Escape::text(written.error().message) << Qt::endl;
            return context.finish(ExitCode::Output);
        }
    } else {
        context.out() << document;
    }
    for (const QString& connection : exported->connections)
        context.record({QStringLiteral("export"), {}, {}, {}, {}, connection});

    if (!exported->omitted.isEmpty()) {
        context.err() << "tokencache: left out " << exported->omitted.size()
                      << (exported->omitted.size() == 1 ? " secret" : " secrets")
                      << " stored in the config itself (null in the export; set again after import):\n";
        for (const ConfigTransfer::SecretSlot& slot : exported->omitted)
            context.err() << "  " << Escape::text(slot.path()) << '\n';
        context.err().flush();
    }
    if (toFile) {
        if (context.json()) {
            QJsonArray omitted;
            for (const ConfigTransfer::SecretSlot& slot : exported->omitted)
                omitted.append(slot.path());
            context.printJson(
                {{QStringLiteral("file"), file},
                 {QStringLiteral("connections"), QJsonArray::fromStringList(exported->connections)},
                 {QStringLiteral("omitted"), omitted}});
        } else {
            context.out() << "exported "
                          << (exported->connections.size() == 1 ? "connection " : "connections ")
                          << exported->connections.join(QStringLiteral(", ")) << " to " << Escape::text(file)
                          << '\n';
        }
    }
    context.finish();
}

} // namespace tokencache
