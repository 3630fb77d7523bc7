"""Command-line jobs that run after the nightly load and draw with the component layer: `python -m jobs.nightly`
(the alert digest and the coming meetings' packs). A job may use components/, portal/state/ and portal/; nothing
imports a job except its alias `python -m components.nightly`."""
