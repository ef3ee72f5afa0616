#include "KeysCommands.h"

#include "admin/KeyManager.h"
#include "cli/KeysArguments.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace switchyard::cli {

void runKeysRequest(const KeysRequest &request, secrets::SecretStore &store,
                    secrets::SecretBytes secret, QObject *context,
                    std::function<void(KeysOutcome)> done)
{
    const auto failed = [](const Error &error) {
        return KeysOutcome { KeysExit::Failure, QByteArray(), error.message };
    };
    admin::KeyManager keys(store);
    switch (request.action) {
    case KeysRequest::Action::Help:
        done(KeysOutcome { KeysExit::Ok, keysHelpText().toUtf8(), QString() });
        return;
    case KeysRequest::Action::Set:
        keys.set(request.name, std::move(secret), context,
                 [name = request.name, failed, done](Result<QString> shown) {
                     if (!shown)
                         return done(failed(shown.error()));
                     done(KeysOutcome {
                         KeysExit::Ok,
                         u"Stored key '%1' (%2) in the OS keychain.\n"_s.arg(name, *shown).toUtf8(),
                         QString() });
                 });
        return;
    case KeysRequest::Action::Delete:
        keys.remove(request.name, context, [name = request.name, failed, done](Status status) {
            if (!status)
                return done(failed(status.error()));
            done(KeysOutcome { KeysExit::Ok, u"Deleted key '%1'.\n"_s.arg(name).toUtf8(),
                               QString() });
        });
        return;
    case KeysRequest::Action::List:
        keys.list(context, [json = request.json, failed, done](Result<QStringList> names) {
            if (!names)
                return done(failed(names.error()));
            QByteArray out;
            if (json) {
                out = QJsonDocument(QJsonArray::fromStringList(*names))
                          .toJson(QJsonDocument::Compact);
                out += '\n';
            } else {
                for (const QString &name : *names) {
                    out += name.toUtf8();
                    out += '\n';
                }
            }
            done(KeysOutcome { KeysExit::Ok, out, QString() });
        });
        return;
    }
}

} // namespace switchyard::cli
