"""The bundled sample project, built from the sample files shipped with QualCode."""
