# gateway/admin: the logic of the admin commands (providers, routes, models, logs, stats,
# config); app/AdminCommand.cpp only wires it to the process.
target_sources(switchyard_gateway PRIVATE
    admin/AdminArguments.cpp admin/AdminArguments.h
    admin/AdminPaths.h
    admin/AdminRequest.h
    admin/AdminRunner.cpp admin/AdminRunner.h
    admin/CatalogCommands.cpp admin/CatalogCommands.h
    admin/ConfigCommands.cpp admin/ConfigCommands.h
    admin/ConfigEditor.cpp admin/ConfigEditor.h
    admin/LogCommands.cpp admin/LogCommands.h
    admin/LogFollower.cpp admin/LogFollower.h
    admin/ProviderCommands.cpp admin/ProviderCommands.h
    admin/ProviderProbe.cpp admin/ProviderProbe.h
    admin/TextTable.cpp admin/TextTable.h
    admin/TimeSpec.cpp admin/TimeSpec.h
    admin/TokenCommands.cpp admin/TokenCommands.h
)
