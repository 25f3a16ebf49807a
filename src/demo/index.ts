/**
 * Demo: the demo platform page, the demo campaigns and the mailbox, served only in demo mode. Loaded
 * on demand by the composition root, so production code never imports it.
 */
export {};
