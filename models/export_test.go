package models

// ChangeLogLock is the advisory lock that orders commits of changes.
const ChangeLogLock = changeLogLock
