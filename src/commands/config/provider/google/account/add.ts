import { google } from '../../../../../bakery/commands.js'

export default google.AccountAdd
