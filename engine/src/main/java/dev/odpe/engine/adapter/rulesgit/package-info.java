/**
 * Rule packs from a Git repository ({@code odpe.rules.git.*}): a scratch bare clone fetched every poll
 * interval (and on {@code POST /api/v1/rules/refresh}); each new commit of the branch is exported,
 * passes the pack gate and is offered to the evaluation thread; the shadow ref
 * ({@code odpe.rules.shadow.ref}) is offered as the shadow pack. See docs/operations/rules-from-git.md.
 */
package dev.odpe.engine.adapter.rulesgit;
