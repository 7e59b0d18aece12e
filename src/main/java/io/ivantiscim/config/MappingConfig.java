package io.ivantiscim.config;

/** SCIM attribute ⇄ Ivanti Employee field mapping ({@code bridge.mapping.*}). */
public interface MappingConfig {
}
