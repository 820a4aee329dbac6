let name = 'brisk';

/** Names this process after the function (or gateway) it serves: logs and `application_name` carry it. */
export function setProcessName(processName: string): void {
  name = processName;
}

export function processName(): string {
  return name;
}
