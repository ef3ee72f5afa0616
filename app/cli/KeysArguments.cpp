#include "KeysArguments.h"

#include "admin/KeyManager.h"
#include "secrets/KeychainSecretStore.h"

#include <QCommandLineParser>

using namespace Qt::StringLiterals;

namespace switchyard::cli {

using secrets::KeychainSecretStore;

QString keysHelpText()
{
    return u"Usage: switchyard keys COMMAND [NAME] [OPTIONS]\n\n"
           "Manage the API keys Switchyard keeps in the OS keychain. A provider uses one with\n"
           "\"api_key\": {\"keychain\": \"NAME\"} in config.json.\n\n"
           "Commands:\n"
           "  set NAME          store a key: typed at a hidden prompt, or read from stdin\n"
           "                    when piped (one trailing newline is removed)\n"
           "  delete NAME       remove a key\n"
           "  list              print the names of the stored keys, one per line\n\n"
           "Options:\n"
           "  --json            with 'list': print a JSON array\n"
           "  -h, --help        show this help\n\n"
           "Keys are never printed. Exit codes: 0 ok, 1 failure, 2 usage error.\n"_s;
}

KeysRequest parseKeysArguments(const QStringList &arguments)
{
    KeysRequest request;
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help(QStringList { u"h"_s, u"help"_s });
    const QCommandLineOption json(u"json"_s);
    const QCommandLineOption service(u"service"_s, QString(), u"NAME"_s);
    parser.addOptions({ help, json, service });

    if (!parser.parse(arguments)) {
        request.error = parser.errorText();
        return request;
    }
    QStringList positional = parser.positionalArguments();
    if (!positional.isEmpty() && positional.first() == u"keys"_s)
        positional.removeFirst();
    request.json = parser.isSet(json);
    request.service
        = parser.isSet(service) ? parser.value(service) : KeychainSecretStore::defaultService();
    if (request.service.isEmpty()) {
        request.error = u"--service must not be empty"_s;
        return request;
    }
    if (parser.isSet(help) || (positional.isEmpty() && !request.json)) {
        request.action = KeysRequest::Action::Help;
        return request;
    }
    if (positional.isEmpty()) {
        request.error = u"missing command: set, delete or list"_s;
        return request;
    }
    const QString command = positional.takeFirst();
    if (command == u"list"_s) {
        request.action = KeysRequest::Action::List;
        if (!positional.isEmpty())
            request.error = u"'list' takes no arguments"_s;
        return request;
    }
    if (command != u"set"_s && command != u"delete"_s) {
        request.error = u"unknown command '%1' (expected set, delete or list)"_s.arg(command);
        return request;
    }
    request.action = command == u"set"_s ? KeysRequest::Action::Set : KeysRequest::Action::Delete;
    if (request.json) {
        request.error = u"--json only applies to 'list'"_s;
        return request;
    }
    // The key is never an argument: it would end up in the shell history and in `ps`.
    if (positional.size() != 1) {
        request.error = positional.isEmpty()
            ? u"'%1' needs the key's NAME"_s.arg(command)
            : u"'%1' takes only the key's NAME; the key itself is read from stdin or a hidden "
              "prompt"_s.arg(command);
        return request;
    }
    request.name = positional.first();
    if (const QString problem = admin::KeyManager::checkName(request.name); !problem.isEmpty())
        request.error = problem;
    return request;
}

} // namespace switchyard::cli
