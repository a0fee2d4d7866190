/**
 * Helpers every package of the module may share, depending on nothing of it: argument checks with
 * their messages ({@code Checks}), number and duration formatting ({@code Format}), file names for
 * task ids ({@code FileNames}) and owner-only files ({@code OwnerOnlyFiles}). Not exported.
 */
package dev.orchestrator.internal;
