#!/usr/bin/env bash
# Filled in by its owning issue.
true
