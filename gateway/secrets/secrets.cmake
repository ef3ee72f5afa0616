# gateway/secrets: sources are added here (target_sources(switchyard_gateway PRIVATE ...)).
