/** The git-pin rollback strategy: commit the last good version to the GitOps repository. */
package dev.odpe.engine.adapter.rollback.git;
