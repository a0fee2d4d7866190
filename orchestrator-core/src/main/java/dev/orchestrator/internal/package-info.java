/**
 * Helpers every package of the module may share, depending on nothing of it: argument checks with
 * their messages ({@code Checks}), number and duration formatting ({@code Format}), file names for
 * task ids ({@code FileNames}) owner-only files ({@code OwnerOnlyFiles}) and the field holder of settings classes
 * ({@code SettingValues}). Not exported.
 */
package dev.orchestrator.internal;
